/**
 * Every piece of a message or view that Slack renders as mrkdwn (and so could ping `<!channel>`):
 * the `text` fallback of a message and every `{ type: 'mrkdwn' }` text object, at any depth.
 * plain_text objects are left out: Slack never parses mentions in them.
 */
export function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) mrkdwnTexts(item, out);
    return out;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.type === 'mrkdwn' && typeof obj.text === 'string') out.push(obj.text);
    for (const [key, child] of Object.entries(obj)) {
      if (key === 'text' && typeof child === 'string' && obj.type === undefined) out.push(child);
      else if (typeof child === 'object') mrkdwnTexts(child, out);
    }
  }
  return out;
}
