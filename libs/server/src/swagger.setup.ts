import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'docs';

// UI at /docs, JSON at /docs-json. Built lazily on first request, once every route is known.
export function setupSwagger(
  app: INestApplication,
  { title, version }: { title: string; version: string },
): void {
  const config = new DocumentBuilder().setTitle(title).setVersion(version).addBearerAuth().build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}
