import { Anchor, Button, FileButton, Group, Progress, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { saveBlob, type RemoteEntry, type RemoteFiles } from './remote-files';

interface Activity {
  label: string;
  done: number;
  total: number;
  note?: string;
  failed?: boolean;
}

const parentOf = (path: string) => path.replace(/\/[^/]+\/?$/, '') || '/';

/** A remote system's files (SFTP over SSH, the session's drive over RDP): browse folders, upload into one, download a file. */
export function RemoteFilesPanel({ files, canUpload, canDownload }: { files: RemoteFiles; canUpload: boolean; canDownload: boolean }) {
  const [path, setPath] = useState('/');
  const [entries, setEntries] = useState<RemoteEntry[]>();
  const [error, setError] = useState<string>();
  const [activity, setActivity] = useState<Activity>();
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    setEntries(undefined);
    files.list(path).then(setEntries, (failure: Error) => setError(failure.message));
  }, [files, path, refresh]);

  const upload = async (picked: File[]) => {
    for (const file of picked) {
      setActivity({ label: file.name, done: 0, total: file.size });
      try {
        const stored = await files.upload(path, file, (sent) => setActivity({ label: file.name, done: sent, total: file.size })).done;
        setActivity({ label: file.name, done: file.size, total: file.size, note: `saved as ${stored}` });
      } catch (failure) {
        setActivity({ label: file.name, done: 0, total: file.size, note: (failure as Error).message, failed: true });
      }
    }
    setRefresh((count) => count + 1);
  };

  const download = async (entry: RemoteEntry) => {
    setActivity({ label: entry.name, done: 0, total: 0 });
    try {
      const blob = await files.download(entry.path, (received) => setActivity({ label: entry.name, done: received, total: 0 })).done;
      saveBlob(blob, entry.name);
      setActivity({ label: entry.name, done: blob.size, total: blob.size, note: 'downloaded' });
    } catch (failure) {
      setActivity({ label: entry.name, done: 0, total: 0, note: (failure as Error).message, failed: true });
    }
  };

  return (
    <Stack gap="xs" w={360}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600} truncate="end" data-testid="remote-path">
          {path}
        </Text>
        {canUpload && (
          <FileButton onChange={(picked) => void upload(picked)} multiple>
            {(buttonProps) => (
              <Button size="compact-xs" {...buttonProps}>
                Upload here…
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <ScrollArea.Autosize mah={240}>
        {path !== '/' && (
          <Anchor component="button" size="sm" display="block" onClick={() => setPath(parentOf(path))}>
            ..
          </Anchor>
        )}
        {entries?.map((entry) =>
          entry.directory ? (
            <Anchor key={entry.path} component="button" size="sm" display="block" onClick={() => setPath(entry.path)}>
              {entry.name}/
            </Anchor>
          ) : canDownload ? (
            <Anchor key={entry.path} component="button" size="sm" display="block" onClick={() => void download(entry)}>
              {entry.name}
            </Anchor>
          ) : (
            <Text key={entry.path} size="sm">
              {entry.name}
            </Text>
          ),
        )}
      </ScrollArea.Autosize>
      {activity && (
        <Stack gap={2} data-testid="remote-transfer" data-state={activity.failed ? 'failed' : activity.note ? 'done' : 'moving'}>
          <Text size="xs">{activity.label}</Text>
          {activity.note ? (
            <Text size="xs" c={activity.failed ? 'red' : 'teal'}>
              {activity.note}
            </Text>
          ) : (
            <Progress value={activity.total ? (activity.done / activity.total) * 100 : 50} animated={!activity.total} size="sm" />
          )}
        </Stack>
      )}
    </Stack>
  );
}
