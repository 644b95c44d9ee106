import type { AttachmentSource } from '../stores/attachment-source';
import type { AttachmentRecord } from '../vocabulary/attachments';

/**
 * One stored file read for a view: its record once read, and for an image an object URL of its
 * bytes (revoked by `release`). A file that cannot be read says so rather than showing nothing.
 */
export class StoredFile {
  record = $state.raw<AttachmentRecord | null>(null);
  url = $state<string | null>(null);
  missing = $state(false);
  private released = false;

  constructor(source: AttachmentSource, conversationId: string, id: string, wantUrl: boolean) {
    void source.get(conversationId, id).then((record) => {
      if (this.released) return;
      if (!record) {
        this.missing = true;
        return;
      }
      this.record = record;
      if (wantUrl) this.url = URL.createObjectURL(record.data);
    });
  }

  release(): void {
    this.released = true;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
