import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

type Values<T> = { [K in keyof T]?: T[K] | (() => string) };

/**
 * Rows straight from SQL (`RETURNING *`, a CTE), turned into entities exactly as TypeORM's own
 * finders hydrate them: each column's driver conversion and transformer.
 */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly object[],
): T[] {
  const metadata = em.connection.getMetadata(target);
  const { driver } = em.connection;
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      column.setEntityValue(
        entity,
        driver.prepareHydratedValue((row as Record<string, unknown>)[column.databaseName], column),
      );
    }
    return entity;
  });
}

/** INSERT … RETURNING *: the stored row in the same round trip, database defaults included. */
export async function insertReturning<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  values: Values<T>,
): Promise<T> {
  const result = await em
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(values as never)
    .returning('*')
    .execute();
  const [row] = hydrate(em, target, result.raw as object[]);
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

/** UPDATE … RETURNING *: the changed rows in the same round trip, instead of an UPDATE and a SELECT. */
export async function updateReturning<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: Partial<T>,
  values: Values<T>,
): Promise<T[]> {
  const result = await em
    .createQueryBuilder()
    .update(target)
    .set(values as never)
    .where(where)
    .returning('*')
    .execute();
  return hydrate(em, target, result.raw as object[]);
}
