import { downloadPath } from '@atrium/contracts';
import { Anchor, Button, CloseButton, FileButton, Group, Progress, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { sentenceOf } from '../../api/api-error';
import { formatBytes } from '../../format/bytes';
import { listDownloads } from './files-api';
import type { Upload } from './use-uploads';

interface FilesPanelProps {
  sessionId: string;
  canUpload: boolean;
  canDownload: boolean;
  uploads: Upload[];
  onUpload(files: File[]): void;
  onCancel(id: number): void;
  onClearFinished(): void;
}

function UploadRow({ upload, onCancel }: { upload: Upload; onCancel(id: number): void }) {
  const percent = upload.size ? Math.round((upload.sent / upload.size) * 100) : 100;
  return (
    <Stack gap={2} data-testid="upload" data-state={upload.state}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" truncate="end" title={upload.name}>
          {upload.name}
        </Text>
        {upload.state === 'sending' && <CloseButton size="sm" aria-label={`Cancel ${upload.name}`} onClick={() => onCancel(upload.id)} />}
      </Group>
      {upload.state === 'sending' ? (
        <Progress value={percent} size="sm" aria-label={`${upload.name}: ${percent}%`} />
      ) : (
        <Text size="xs" c={upload.state === 'done' ? 'teal' : 'red'}>
          {upload.note}
        </Text>
      )}
    </Stack>
  );
}

function DownloadsList({ sessionId }: { sessionId: string }) {
  const downloads = useQuery({ queryKey: ['downloads', sessionId], queryFn: () => listDownloads(sessionId), staleTime: 0 });
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          ~/Downloads
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => downloads.refetch()} loading={downloads.isFetching}>
          Refresh
        </Button>
      </Group>
      {downloads.isError && (
        <Text size="sm" c="red" role="alert">
          {sentenceOf(downloads.error)}
        </Text>
      )}
      {downloads.data && downloads.data.files.length === 0 && (
        <Text size="sm" c="dimmed">
          Save files to ~/Downloads in the session to download them here.
        </Text>
      )}
      <ScrollArea.Autosize mah={220}>
        {downloads.data?.files.map((file) => (
          <Group key={file.name} justify="space-between" wrap="nowrap" gap="xs">
            {/* A plain link: the browser streams the file to disk with its own progress and cancel. */}
            <Anchor size="sm" href={downloadPath(sessionId, file.name)} download={file.name} truncate="end" title={file.name}>
              {file.name}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatBytes(file.size)}
            </Text>
          </Group>
        ))}
      </ScrollArea.Autosize>
      {downloads.data && (
        <Text size="xs" c="dimmed">
          Up to {formatBytes(downloads.data.maxFileBytes)} per file; {formatBytes(downloads.data.remainingSessionBytes)} left for this session.
        </Text>
      )}
    </Stack>
  );
}

/** Files in and out of the session: uploads land in ~/Uploads, the list offers what is in ~/Downloads. */
export function FilesPanel(props: FilesPanelProps) {
  const finished = props.uploads.some((upload) => upload.state !== 'sending');
  return (
    <Stack gap="sm" w={340}>
      {props.canUpload && (
        <Stack gap={6}>
          <Group justify="space-between">
            <FileButton onChange={(files) => props.onUpload(files)} multiple>
              {(buttonProps) => (
                <Button size="xs" {...buttonProps}>
                  Upload files…
                </Button>
              )}
            </FileButton>
            {finished && (
              <Button size="compact-xs" variant="subtle" onClick={props.onClearFinished}>
                Clear finished
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Or drop files on the desktop. They land in ~/Uploads.
          </Text>
          {props.uploads.map((upload) => (
            <UploadRow key={upload.id} upload={upload} onCancel={props.onCancel} />
          ))}
        </Stack>
      )}
      {props.canDownload && <DownloadsList sessionId={props.sessionId} />}
    </Stack>
  );
}
