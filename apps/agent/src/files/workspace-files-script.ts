/**
 * The one program the agent runs inside a workspace to move files, as the workspace's own user (never root):
 * whatever it is tricked into reading or writing, it could only touch what that user already can. On top of
 * that it refuses links: the folder must be a real directory (not a link out of the home), a file is read with
 * `O_NOFOLLOW`, and an upload is written to a fresh hidden name (`O_EXCL`, `O_NOFOLLOW`), checked against the
 * size announced, then hard-linked under a free name (`ln -T` never writes through an existing name, link or
 * directory). It needs only sh and GNU coreutils/findutils, which every Debian-based workspace image has.
 *
 * Arguments: operation (list | read | write), folder, then the file's name and, for write, its size.
 * The exit codes are the contract with `workspace-files.ts`.
 */
export const FILES_SCRIPT = `
set -u
op=$1 folder=$2
refuse() { printf '%s\\n' "$1" >&2; exit "$2"; }
if [ "$op" = write ] && [ ! -e "$folder" ] && [ ! -L "$folder" ]; then mkdir -m 0700 -- "$folder" || refuse folder_unusable 3; fi
if [ "$op" = list ] && [ ! -e "$folder" ] && [ ! -L "$folder" ]; then exit 0; fi
{ [ -d "$folder" ] && [ ! -L "$folder" ]; } || refuse folder_unusable 3
case "$op" in
list)
  exec find "$folder" -mindepth 1 -maxdepth 1 -type f -printf '%s %T@ %f\\0' ;;
read)
  file="$folder/$3"
  { [ -f "$file" ] && [ ! -L "$file" ]; } || refuse file_not_found 4
  size=$(stat -c %s -- "$file") || refuse file_not_found 4
  printf '%s\\n' "$size"
  exec dd if="$file" iflag=nofollow bs=256K status=none ;;
write)
  name=$3 size=$4 part="$folder/.atrium-upload-$$"
  if ! dd of="$part" oflag=nofollow conv=excl bs=256K status=none; then rm -f -- "$part"; refuse workspace_full 5; fi
  if [ "$(stat -c %s -- "$part")" != "$size" ]; then rm -f -- "$part"; refuse upload_incomplete 6; fi
  stem=\${name%.*}
  [ -n "$stem" ] || stem=$name
  ext=\${name#"$stem"}
  target=$name n=1
  while ! ln -T -- "$part" "$folder/$target" 2>/dev/null; do
    if [ "$n" -gt 99 ]; then rm -f -- "$part"; refuse name_taken 7; fi
    target="$stem ($n)$ext" n=$((n + 1))
  done
  rm -f -- "$part"
  printf '%s' "$target" ;;
*) refuse bad_operation 2 ;;
esac
`;

/** What each exit code of the script means, as the agent answers it. */
export const SCRIPT_REFUSALS: Record<number, { status: number; code: string; sentence: string }> = {
  3: { status: 409, code: 'folder_unusable', sentence: 'The folder in the workspace is not a plain folder (a link, or a file in its place).' },
  4: { status: 404, code: 'file_not_found', sentence: 'No such file in ~/Downloads (links are not followed).' },
  5: { status: 507, code: 'workspace_full', sentence: 'The workspace has no room for this file.' },
  6: { status: 400, code: 'upload_incomplete', sentence: 'The upload ended before the whole file arrived; nothing was kept.' },
  7: { status: 409, code: 'name_taken', sentence: 'Too many files of this name in ~/Uploads.' },
};
