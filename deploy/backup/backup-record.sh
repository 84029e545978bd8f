# What a finished backup leaves behind, shared by ./stack backup and the compose scheduler
# (deploy/backup/schedule.sh): the manifest's checksum and the stayup_backup_* gauges in
# node_exporter's textfile format. Sourced; POSIX sh.
#   record_manifest_checksum <repo path> <stanza> <label> <checksums dir>
#   record_backup <state dir> <type> <start epoch> <end epoch>   remember one successful backup
#   write_backup_gauges <state dir> <metrics dir>                (re)write <metrics dir>/backup.prom atomically

record_backup() {
  awk -v a="$3" -v b="$4" 'BEGIN { printf "%d %.3f\n", b, b - a }' > "$1/$2"
}

write_backup_gauges() {
  mkdir -p "$2"
  {
    echo '# HELP stayup_backup_last_success_timestamp_seconds When the last successful backup of this type finished.'
    echo '# TYPE stayup_backup_last_success_timestamp_seconds gauge'
    for t in full diff incr; do
      [ -f "$1/$t" ] && printf 'stayup_backup_last_success_timestamp_seconds{type="%s"} %s\n' "$t" "$(cut -d' ' -f1 "$1/$t")"
    done
    echo '# HELP stayup_backup_last_duration_seconds How long the last successful backup of this type took.'
    echo '# TYPE stayup_backup_last_duration_seconds gauge'
    for t in full diff incr; do
      [ -f "$1/$t" ] && printf 'stayup_backup_last_duration_seconds{type="%s"} %s\n' "$t" "$(cut -d' ' -f2 "$1/$t")"
    done
  } > "$2/backup.prom.tmp"
  # The collector never reads half a file.
  mv "$2/backup.prom.tmp" "$2/backup.prom"
}

# The manifest lists every file of the backup with its checksum; its own checksum is kept outside the
# repository, so a tampered or truncated manifest is caught (./stack restore-drill checks it).
record_manifest_checksum() {
  (cd "$1/backup/$2" && sha256sum "$3/backup.manifest") > "$4/$3.sha256"
}
