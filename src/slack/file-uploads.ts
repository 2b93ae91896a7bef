import type { SlackClients } from './slack-clients.js';

export interface ImageUpload {
  png: Buffer;
  filename: string;
  title: string;
  /** What the picture shows, for screen readers (Slack allows 1,000 characters). */
  altText: string;
  /** A message posted with the file, saying what it is for. */
  comment?: string;
}

/** Images into a conversation (files.uploadV2: get an upload URL, POST the bytes, complete into the channel). */
export interface FileUploads {
  uploadImage(teamId: string, channel: string, image: ImageUpload): Promise<void>;
}

export const ALT_TEXT_MAX = 1_000;

export class SlackFileUploads implements FileUploads {
  constructor(private readonly clients: Pick<SlackClients, 'forTeam'>) {}

  async uploadImage(teamId: string, channel: string, image: ImageUpload): Promise<void> {
    const client = await this.clients.forTeam(teamId);
    const altText =
      image.altText.length > ALT_TEXT_MAX ? `${image.altText.slice(0, ALT_TEXT_MAX - 1)}…` : image.altText;
    await client.filesUploadV2({
      channel_id: channel,
      ...(image.comment ? { initial_comment: image.comment } : {}),
      file_uploads: [{ file: image.png, filename: image.filename, title: image.title, alt_text: altText }],
    });
  }
}
