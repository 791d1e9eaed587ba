import { downloadListSchema, downloadsPath, sanitizeFileName, uploadPath, uploadResultSchema, type DownloadList, type UploadResult } from '@atrium/contracts';
import { errorFromResponse } from '../../api/api-error';

/** The session's `~/Downloads`, with what the limits leave. */
export async function listDownloads(sessionId: string): Promise<DownloadList> {
  const response = await fetch(downloadsPath(sessionId), { credentials: 'same-origin', cache: 'no-store' });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response.status, body);
  return downloadListSchema.parse(body);
}

export interface UploadHandle {
  /** The name the file is sent under (sanitised from the one on the person's disk). */
  name: string;
  done: Promise<UploadResult>;
  cancel(): void;
}

/**
 * Sends one file into `~/Uploads`, streamed from disk by the browser (XMLHttpRequest, for its upload progress
 * events; fetch has none for request bodies). `onProgress` gets the bytes sent so far.
 */
export function uploadFile(sessionId: string, file: File, onProgress: (sent: number) => void): UploadHandle {
  const name = sanitizeFileName(file.name);
  const request = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      const body: unknown = (() => {
        try {
          return JSON.parse(request.responseText);
        } catch {
          return undefined;
        }
      })();
      if (request.status === 201) resolve(uploadResultSchema.parse(body));
      else reject(errorFromResponse(request.status, body));
    };
    request.onerror = () => reject(errorFromResponse(0, undefined));
    request.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
  });
  request.open('PUT', uploadPath(sessionId, name));
  request.setRequestHeader('content-type', 'application/octet-stream');
  request.send(file);
  return { name, done, cancel: () => request.abort() };
}
