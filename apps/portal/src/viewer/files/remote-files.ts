import { sanitizeFileName } from '@atrium/contracts';
import Guacamole from 'guacamole-common-js';
import type { TransferChannel } from './transfer-channel';

export interface RemoteEntry {
  name: string;
  path: string;
  directory: boolean;
}

export interface Transfer<T> {
  done: Promise<T>;
  cancel(): void;
}

/** Blobs read and sent together; two rounds may be unacknowledged at once (measured: 1.3 MB/s waiting for every
 * acknowledgement of ten, about ten times that with a window, `npm run bench:remote-transfer`). */
const BLOBS_PER_ROUND = 32;

const FIRST_BYTE_WAIT_MS = 15_000;

/** Saves a Blob as a file through a temporary link, the way a download would. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file guacd offers on its own (the RDP drive's Download folder): saved when whole, unless the proxy stops it. */
export function receiveOfferedFile(stream: Guacamole.InputStream, mimetype: string, filename: string, channel: TransferChannel): void {
  const reader = new Guacamole.BlobReader(stream, mimetype);
  let refused = false;
  const stopListening = channel.onRefused(stream.index, () => (refused = true));
  stream.sendAck('OK', 0x0000);
  reader.onend = () => {
    stopListening();
    if (!refused) saveBlob(reader.getBlob(), sanitizeFileName(filename));
  };
}

const joinPath = (directory: string, name: string) => `${directory.replace(/\/+$/, '')}/${name}`;

/**
 * Files of a remote system through the filesystem guacd offers on the connection (SFTP for SSH, the session's drive
 * for RDP): list a folder, download a file, upload one into a folder. The connection proxy refuses a direction the
 * policy turned off, and a file over the limits, with a sentence that is what `done` rejects with. Streams are
 * acknowledged blob by blob, so neither side holds more than a round in flight.
 */
export class RemoteFiles {
  constructor(
    private readonly object: Guacamole.Object,
    private readonly channel: TransferChannel,
  ) {}

  list(path: string): Promise<RemoteEntry[]> {
    return new Promise((resolve, reject) => {
      this.object.requestInputStream(path, (stream, mimetype) => {
        if (mimetype !== Guacamole.Object.STREAM_INDEX_MIMETYPE) {
          stream.sendAck('Not a folder', 0x0100);
          return reject(new Error(`${path} is not a folder`));
        }
        const reader = new Guacamole.JSONReader(stream);
        // guacd sends each part of a stream after the previous one was acknowledged, the first after the body was.
        stream.sendAck('OK', 0x0000);
        reader.onprogress = () => stream.sendAck('OK', 0x0000);
        reader.onend = () => {
          const index = reader.getJSON() as Record<string, string>;
          const entries = Object.entries(index).map(([entry, type]) => ({
            path: entry,
            name: entry.split('/').filter(Boolean).at(-1) ?? entry,
            directory: type === Guacamole.Object.STREAM_INDEX_MIMETYPE,
          }));
          resolve(entries.sort((a, b) => Number(b.directory) - Number(a.directory) || a.name.localeCompare(b.name)));
        };
      });
    });
  }

  /**
   * The file's bytes as a Blob (the browser keeps large ones on disk), for the page to save, unless the connection
   * proxy stops the stream (its reason is the rejection). No stream within the wait: guacd sent nothing.
   */
  download(path: string, onProgress: (received: number) => void): Transfer<Blob> {
    let cancelled = false;
    const done = new Promise<Blob>((resolve, reject) => {
      const refused = setTimeout(() => reject(new Error('The remote system sent nothing: downloads may not be allowed.')), FIRST_BYTE_WAIT_MS);
      this.object.requestInputStream(path, (stream, mimetype) => {
        clearTimeout(refused);
        if (cancelled) return stream.sendAck('Cancelled', 0x0100);
        const reader = new Guacamole.BlobReader(stream, mimetype);
        let refusal: string | undefined;
        const stopListening = this.channel.onRefused(stream.index, (message) => (refusal = message));
        stream.sendAck('OK', 0x0000); // the BlobReader acknowledges each part after this first one
        let received = 0;
        reader.onprogress = (length) => {
          received += length;
          onProgress(received);
        };
        reader.onend = () => {
          stopListening();
          if (refusal !== undefined) return reject(new Error(refusal));
          return cancelled ? reject(new DOMException('cancelled', 'AbortError')) : resolve(reader.getBlob());
        };
      });
    });
    return { done, cancel: () => (cancelled = true) };
  }

  /** Sends `file` into `directory`, under its sanitised name. */
  upload(directory: string, file: File, onProgress: (sent: number) => void): Transfer<string> {
    const path = joinPath(directory, sanitizeFileName(file.name));
    const stream = this.object.createOutputStream(file.type || 'application/octet-stream', path);
    const writer = new Guacamole.ArrayBufferWriter(stream);
    const round = writer.blobLength * BLOBS_PER_ROUND;
    let sent = 0;
    let inFlight = 0;
    let reading = false;
    let finished = false;
    let cancelled = false;
    const done = new Promise<string>((resolve, reject) => {
      // Keeps up to two rounds of blobs unacknowledged: the next round is read while guacd writes the last one.
      const next = async () => {
        if (reading || finished) return;
        if (cancelled) {
          finished = true;
          // Abandoned, not complete: the connection proxy ends it towards guacd and removes what a drive kept.
          this.channel.cancelStream(stream.index);
          writer.sendEnd();
          return reject(new DOMException('cancelled', 'AbortError'));
        }
        if (sent >= file.size) {
          if (inFlight > 0) return;
          finished = true;
          writer.sendEnd();
          return resolve(path);
        }
        if (inFlight > BLOBS_PER_ROUND) return;
        reading = true;
        const chunk = new Uint8Array(await file.slice(sent, sent + round).arrayBuffer());
        reading = false;
        inFlight += Math.ceil(chunk.length / writer.blobLength);
        sent += chunk.length;
        writer.sendData(chunk);
        onProgress(sent);
        void next();
      };
      // The first acknowledgement accepts the stream (or refuses it); each later one is for a blob.
      let accepted = false;
      writer.onack = (status) => {
        if (status.isError()) {
          finished = true;
          return reject(new Error(status.message || 'The remote system refused the upload.'));
        }
        if (accepted) inFlight -= 1;
        accepted = true;
        void next();
      };
    });
    return { done, cancel: () => (cancelled = true) };
  }
}
