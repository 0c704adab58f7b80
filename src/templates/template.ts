// Message templates with custom values: `{{contact.first_name}}`, with a fallback `{{contact.first_name | there}}`.
// Checked when configuration is saved (a broken template must never drop a live call, seed 001 FAQ 10)
// and rendered without ever leaving a literal `{{...}}` or a double space.

/** The custom values the product knows. `location.name` is HighLevel's spelling of `business.name`. */
export const CUSTOM_VALUES = [
  'contact.first_name',
  'contact.last_name',
  'contact.name',
  'contact.phone',
  'business.name',
  'business.phone',
  'location.name',
  'number.name',
  'number.phone',
  'call.from',
  'call.to',
] as const;
export type CustomValue = (typeof CUSTOM_VALUES)[number];
const KNOWN = new Set<string>(CUSTOM_VALUES);

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'value'; name: CustomValue; fallback: string | null };

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** Splits a template into text and custom values; throws TemplateError naming the first problem. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let rest = template;
  let offset = 0;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    const strayClose = rest.indexOf('}}');
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      throw new TemplateError(`has "}}" with no "{{" before it (at character ${offset + strayClose + 1})`);
    }
    if (open === -1) {
      parts.push({ kind: 'text', text: rest });
      break;
    }
    if (open > 0) parts.push({ kind: 'text', text: rest.slice(0, open) });
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateError(`has "{{" that is never closed (at character ${offset + open + 1})`);
    const inner = rest.slice(open + 2, close);
    if (inner.includes('{') || inner.includes('}')) {
      throw new TemplateError(`has a brace inside "{{${inner}}}" (at character ${offset + open + 1})`);
    }
    const [rawName = '', ...fallbackParts] = inner.split('|');
    const name = rawName.trim();
    if (!name) throw new TemplateError(`has an empty custom value "{{${inner}}}"`);
    if (!KNOWN.has(name)) {
      throw new TemplateError(`uses the unknown custom value "{{${name}}}"; known values: ${CUSTOM_VALUES.join(', ')}`);
    }
    const fallback = fallbackParts.length ? fallbackParts.join('|').trim() : null;
    parts.push({ kind: 'value', name: name as CustomValue, fallback });
    offset += close + 2;
    rest = rest.slice(close + 2);
  }
  return parts;
}

/** The template's problem in words, or null when it is sound. */
export function checkTemplate(template: string): string | null {
  try {
    parseTemplate(template);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

export type TemplateValues = Partial<Record<CustomValue, string | null | undefined>>;

/**
 * Fills a template. A missing value takes its fallback, else nothing, and the sentence is tidied so an
 * unknown caller reads a clean sentence ("Hi, sorry we missed you", not "Hi , sorry  we missed you").
 * A template that does not parse renders its plain text with the custom values removed: never the braces.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(template);
  } catch {
    return tidy(template.replace(/\{\{[^{}]*\}\}/g, '').replace(/[{}]/g, ''));
  }
  const text = parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = lookup(values, part.name);
      return value ?? part.fallback ?? '';
    })
    .join('');
  return tidy(text);
}

function lookup(values: TemplateValues, name: CustomValue): string | null {
  const direct = values[name];
  const value =
    direct ?? (name === 'location.name' ? values['business.name'] : name === 'business.name' ? values['location.name'] : undefined);
  const trimmed = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  return trimmed ? trimmed : null;
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ') // no double spaces
    .replace(/ +([,.!?;:])/g, '$1') // "Hi , there" -> "Hi, there"
    .replace(/([,;:])(?=[,.!?;:])/g, '') // "Hi ,." leftovers
    .replace(/^[ ,;:]+/, '') // nothing dangling at the start
    .replace(/ *\n */g, '\n')
    .trim();
}
