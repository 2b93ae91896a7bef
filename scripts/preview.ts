/**
 * `npm run preview [folder]`: every surface PilotGate shows, built from the sample data of
 * test/support/surface-samples.ts by the real view functions, written as Block Kit JSON into a
 * git-ignored folder (default `preview/`): one `<surface>.json` each, and an `index.md` with each
 * surface's notification text and a link that opens it in Slack's Block Kit Builder.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MESSAGE_SAMPLES, TEXT_SAMPLES, VIEW_SAMPLES } from '../test/support/surface-samples.js';

const BUILDER = 'https://app.slack.com/block-kit-builder#';

export interface PreviewSurface {
  name: string;
  file: string;
  kind: 'message' | 'modal' | 'home' | 'text';
  /** What a notification (or a screen reader) reads; for a modal, its title. */
  text: string;
  /** What Slack's API takes: `{text, blocks}`, the view, or `{text}`. */
  payload: unknown;
  /** Opens the surface in Block Kit Builder (none for a text without blocks). */
  link?: string;
}

/** The Block Kit Builder link of a payload: a message's blocks, or the modal / Home view as it is. */
export function builderLink(payload: unknown): string {
  return `${BUILDER}${encodeURIComponent(JSON.stringify(payload))}`;
}

const fileName = (name: string) =>
  `${name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.json`;

/** Every surface, rendered now from the samples. */
export function previewSurfaces(): PreviewSurface[] {
  const messages = Object.entries(MESSAGE_SAMPLES).map(([name, build]): PreviewSurface => {
    const { text, blocks } = build();
    return {
      name,
      file: fileName(name),
      kind: 'message',
      text,
      payload: { text, blocks },
      link: builderLink({ blocks }),
    };
  });
  const views = Object.entries(VIEW_SAMPLES).map(([name, build]): PreviewSurface => {
    const view = build();
    const title = view.type === 'modal' ? `Modal: ${view.title.text}` : 'Home tab';
    return { name, file: fileName(name), kind: view.type, text: title, payload: view, link: builderLink(view) };
  });
  const texts = Object.entries(TEXT_SAMPLES).map(([name, build]): PreviewSurface => {
    const text = build();
    return { name, file: fileName(name), kind: 'text', text, payload: { text } };
  });
  return [...messages, ...views, ...texts];
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Writes the surfaces and their index into `dir` (emptied first); returns what it wrote. */
export function writePreview(dir: string): PreviewSurface[] {
  const surfaces = previewSurfaces();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const s of surfaces) writeFileSync(join(dir, s.file), `${JSON.stringify(s.payload, null, 2)}\n`);
  const rows = surfaces.map(
    (s) => `| [${cell(s.name)}](${s.file}) | ${s.kind} | ${cell(s.text)} | ${s.link ? `[open](${s.link})` : '—'} |`,
  );
  const index = [
    '# PilotGate surfaces',
    '',
    'Built from sample data by the real view functions (`npm run preview`). "open" shows a surface in',
    "Slack's Block Kit Builder (sign in to a workspace first).",
    '',
    '| Surface | Kind | Notification text | Block Kit Builder |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'index.md'), index);
  return surfaces;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? 'preview');
  const written = writePreview(dir);
  console.log(`${written.length} surfaces written to ${dir} (index.md lists them)`);
}
