import type { PreparedAttachment } from '../vocabulary/attachments';
import { AttachmentPreparer } from '../attachments/prepare-client';
import { LIMITS, REFUSALS } from '../attachments/limits';

/** A file in the composer: being prepared (in the attachments worker), or ready to send. */
export type TrayItem =
  | { key: number; name: string; state: 'preparing' }
  | { key: number; name: string; state: 'ready'; attachment: PreparedAttachment; preview?: string };

let preparer: AttachmentPreparer | null = null;

/**
 * The files attached to the message being written, per conversation (each keeps its own while
 * the user moves between them; they last as long as the tab). Refusals are kept as messages for
 * the composer to show; nothing typed or attached is touched by one.
 */
export class AttachmentTray {
  // Raw: the items hold Blobs and go to IndexedDB, which cannot clone proxies.
  items = $state.raw<TrayItem[]>([]);
  refusals = $state.raw<string[]>([]);
  private next = 0;
  private key = '';
  // Other conversations' files, not shown: nothing renders from this map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly byKey = new Map<string, TrayItem[]>();

  /** Another conversation's draft: its files. */
  switchTo(key: string): void {
    this.byKey.set(this.key, this.items);
    this.key = key;
    this.items = this.byKey.get(key) ?? [];
    this.refusals = [];
  }

  get ready(): PreparedAttachment[] {
    return this.items.flatMap((item) => (item.state === 'ready' ? [item.attachment] : []));
  }

  get preparing(): boolean {
    return this.items.some((item) => item.state === 'preparing');
  }

  get hasImages(): boolean {
    return this.items.some((item) => item.state === 'ready' && item.attachment.ref.kind === 'image');
  }

  /** Adds files (picked, pasted or dropped), each prepared in the worker; over the limit, none. */
  add(files: readonly File[]): void {
    this.refusals = [];
    const room = LIMITS.perMessage - this.items.length;
    if (files.length > room) this.refuse(REFUSALS.tooMany(room, files.length - Math.max(0, room)));
    for (const file of files.slice(0, Math.max(0, room))) void this.prepare(file);
  }

  /** A paste of a web page's picture: HTML naming a remote image, which is never loaded. */
  refusePastedLink(): void {
    this.refuse(REFUSALS.pastedLink);
  }

  refuse(message: string): void {
    this.refusals = [...this.refusals, message];
  }

  dismissRefusals(): void {
    this.refusals = [];
  }

  remove(key: number): void {
    this.release(this.items.filter((i) => i.key === key));
    this.items = this.items.filter((i) => i.key !== key);
  }

  /** Sent: the files now belong to the message (its own previews are made from storage). */
  takeAll(): TrayItem[] {
    const taken = this.items;
    this.items = [];
    return taken;
  }

  /** Not sent after all: the files come back (unless the user has attached others meanwhile). */
  giveBack(items: TrayItem[]): void {
    if (this.items.length === 0) this.items = items;
    else this.release(items);
  }

  /** Forget previews of files sent (their thumbnails in the message have their own). */
  release(items: TrayItem[]): void {
    for (const item of items) if (item.state === 'ready' && item.preview) URL.revokeObjectURL(item.preview);
  }

  private async prepare(file: File): Promise<void> {
    const key = ++this.next;
    const owner = this.key;
    const name = file.name || 'pasted file';
    this.items = [...this.items, { key, name, state: 'preparing' }];
    preparer ??= AttachmentPreparer.start();
    const outcome = await preparer.prepare(file, name);
    const list = owner === this.key ? this.items : (this.byKey.get(owner) ?? []);
    if (!list.some((item) => item.key === key)) return; // removed while it was prepared
    let next: TrayItem[];
    if (outcome.ok) {
      const { attachment } = outcome;
      const preview = attachment.ref.kind === 'image' ? URL.createObjectURL(attachment.data) : undefined;
      const ready: TrayItem = { key, name, state: 'ready', attachment, ...(preview ? { preview } : {}) };
      next = list.map((item) => (item.key === key ? ready : item));
    } else {
      next = list.filter((item) => item.key !== key);
      if (owner === this.key) this.refuse(outcome.message);
    }
    if (owner === this.key) this.items = next;
    else this.byKey.set(owner, next);
  }
}
