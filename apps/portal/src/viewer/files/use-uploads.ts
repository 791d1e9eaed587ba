import { useCallback, useRef, useState } from 'react';
import { sentenceOf } from '../../api/api-error';
import { uploadFile, type UploadHandle } from './files-api';

export interface Upload {
  id: number;
  name: string;
  size: number;
  sent: number;
  state: 'sending' | 'done' | 'failed' | 'cancelled';
  /** The name it got in the workspace, or why it failed. */
  note?: string;
}

/**
 * The uploads of one viewer: started from the Files panel or by dropping files on the desktop, one after another
 * (a 2-core host and one uplink gain nothing from parallel streams), each with its progress and a cancel.
 */
export function useUploads(sessionId: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const handles = useRef(new Map<number, UploadHandle>());
  const skipped = useRef(new Set<number>());
  const queue = useRef(Promise.resolve());
  const nextId = useRef(1);

  const update = (id: number, change: Partial<Upload>) => setUploads((all) => all.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)));

  const send = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const id = nextId.current++;
        setUploads((all) => [...all, { id, name: file.name, size: file.size, sent: 0, state: 'sending' }]);
        queue.current = queue.current.then(async () => {
          if (!skipped.current.has(id)) await run(id, file);
        });
      }
    },
    [sessionId],
  );

  const run = async (id: number, file: File) => {
    const handle = uploadFile(sessionId, file, (sent) => update(id, { sent }));
    handles.current.set(id, handle);
    try {
      const stored = await handle.done;
      update(id, { state: 'done', sent: file.size, note: `saved as ~/Uploads/${stored.name}` });
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      update(id, { state: cancelled ? 'cancelled' : 'failed', note: cancelled ? 'cancelled' : sentenceOf(error) });
    } finally {
      handles.current.delete(id);
    }
  };

  /** Stops an upload that is sending, or one still waiting its turn. */
  const cancel = (id: number) => {
    const handle = handles.current.get(id);
    if (handle) return handle.cancel();
    skipped.current.add(id);
    update(id, { state: 'cancelled', note: 'cancelled' });
  };

  return { uploads, send, cancel, clearFinished: () => setUploads((all) => all.filter((upload) => upload.state === 'sending')) };
}
