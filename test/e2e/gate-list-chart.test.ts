import { describe, expect, it } from 'vitest';
import { CHART_WIDTH_PX } from '../../src/features/digests/portfolio-chart.domain.js';
import { renderChart } from '../../src/features/digests/portfolio-chart.render.js';
import { eventually, useApp } from '../support/app-harness.js';
import { newReview } from '../support/flows/decide.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const USER = 'U0LISTER';
const NAMES = ['Invoice triage assistant', 'Claims summariser', 'Demand forecast'];
const charts = () => h.sim.uploadedFiles.filter((f) => f.filename === 'pilotgate-portfolio.png');

/** Width and height from a PNG's IHDR chunk (right after the 8-byte signature and the chunk's length + type). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('/gate list with the portfolio chart', () => {
  it('answers with the list, then uploads the chart of the same pilots into the caller’s DM with PilotGate', async () => {
    for (const name of NAMES) await newReview(h, name);
    h.sim.reset();
    const ack = await h.slack.command({ text: 'list', userId: USER, channelId: 'C0ELSEWHERE' });
    expect(ack.status).toBe(200);
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    expect(String(reply.body.text)).toMatch(/^3 pilots in this workspace: /);
    const file = await eventually(() => charts()[0]);
    // Only the caller sees the list, so the chart goes where only the caller sees it too.
    expect(file.channelId).toBe(h.sim.dmChannelId([USER]));
    expect(file.initialComment).toContain('/gate list');
    const size = pngSize(file.bytes);
    expect(size.width).toBe(CHART_WIDTH_PX);
    expect(size.height).toBeGreaterThan(200);
    // The alt text is the chart in words; the picture is the same chart drawn from the listed pilots.
    const upload = h.sim.callsTo('files.getUploadURLExternal').at(-1)?.args;
    for (const name of NAMES) expect(String(upload?.alt_text)).toContain(name);
    expect(String(upload?.alt_text)).toContain('Pilots per stage: Registered 0, In review 3');
    const commands = h.server.deps.services.commands;
    const chart = await commands.listChart(h.sim.team.id, await commands.listed(h.sim.team.id, USER));
    const drawn = await renderChart(chart.spec);
    for (const name of NAMES) expect(drawn.svg).toContain(name);
    expect(drawn.svg).toContain('purgatory after 180 d');
    expect(Buffer.compare(drawn.png, file.bytes)).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it('a second page brings no second chart', async () => {
    const ack = await h.slack.command({ text: 'list 2', userId: USER, channelId: 'C0ELSEWHERE' });
    await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    await new Promise((r) => setTimeout(r, 300));
    expect(charts()).toEqual([]);
  });

  it('still answers with the list when the chart upload fails', async () => {
    h.sim.inject('files.completeUploadExternal', { error: 'internal_error', times: 5 });
    const ack = await h.slack.command({ text: 'list', userId: USER, channelId: 'C0ELSEWHERE' });
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    expect(String(reply.body.text)).toMatch(/^3 pilots in this workspace: /);
    await eventually(() => h.sim.callsTo('files.completeUploadExternal').length > 0);
    expect(charts()).toEqual([]);
  });
});
