import type { ConnectionFiles, TransferReport } from '@atrium/contracts';
import type { TransferBudget } from '@atrium/http';
import { RemoteTransferGuard, type Routed } from '../files/remote-transfer-guard';
import { GuacdOutput } from './guacd-output';
import { MicrophoneGate } from './microphone-gate';
import { InstructionReader } from './instructions';

/** What file transfers on every connection answer to: the limits, where partial uploads are removed, the audit. */
export interface TransferControl {
  budget: TransferBudget;
  removePartial(sessionId: string, path: string): void;
  report(sessionId: string, report: Omit<TransferReport, 'sessionId'>): void;
}

/** guacd never sends an instruction near this (its blobs are a few KiB); the browser's are smaller still. */
const MAX_PENDING_FROM_GUACD = 8 * 1024 * 1024;
const MAX_PENDING_FROM_BROWSER = 1024 * 1024;

const NO_FILES: ConnectionFiles = { upload: false, download: false };

const join = (routed: Routed[]) => ({ toGuacd: routed.map((r) => r.toGuacd).join(''), toBrowser: routed.map((r) => r.toBrowser).join('') });

/**
 * Everything between one browser and guacd, instruction by instruction, in both directions: guacd's errors
 * rewritten for people (and the remote end noticed), the microphone and the file streams governed. Text is only
 * ever passed on as whole instructions, each counted before it goes; an unfinished one is bounded.
 */
export class ConnectionFilter {
  private readonly fromGuacdReader = new InstructionReader(MAX_PENDING_FROM_GUACD);
  private readonly fromBrowserReader = new InstructionReader(MAX_PENDING_FROM_BROWSER);
  private readonly output: GuacdOutput;
  private readonly transfers: RemoteTransferGuard;
  private readonly microphone: MicrophoneGate;

  constructor(sessionId: string, allows: { files?: ConnectionFiles; microphone?: boolean }, control: TransferControl, remoteEnded: (reason: string) => void) {
    this.output = new GuacdOutput(remoteEnded);
    this.microphone = new MicrophoneGate(allows.microphone ?? false);
    this.transfers = new RemoteTransferGuard(sessionId, allows.files ?? NO_FILES, control.budget, {
      report: (report) => control.report(sessionId, report),
      removePartial: (path) => control.removePartial(sessionId, path),
    });
  }

  /** Text guacd sent (through guacamole-lite). Throws MalformedInstruction on text that is not Guacamole's. */
  fromGuacd(chunk: string): Routed {
    return join(
      this.fromGuacdReader.push(chunk).map((instruction) => {
        const text = this.output.rewrite(instruction);
        // Only an error's text is rewritten, and an error is no part of a file stream.
        return text === instruction.text ? this.transfers.fromGuacd(instruction) : { toGuacd: '', toBrowser: text };
      }),
    );
  }

  /** Text the browser sent. Throws MalformedInstruction on text that is not Guacamole's. */
  fromBrowser(chunk: string): Routed {
    return join(this.fromBrowserReader.push(chunk).map((instruction) => this.microphone.fromBrowser(instruction) ?? this.transfers.fromBrowser(instruction)));
  }

  /** The connection closed. */
  end(): void {
    this.transfers.end();
  }
}
