/** Staff decisions on suspected pairs, read from decisions.yaml beside the campaign file. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../errors/errors.js';
import { DecisionSchema, type Decision } from '../model/review.js';
import { MatchDecisionSchema, type MatchDecision } from '../model/reconciliation.js';
import { parseYamlDocument, validateYaml } from './yaml.js';

const TITLE = 'Tệp quyết định trùng lặp';

/** Parses decisions.yaml text: a bare list, or the list under `decisions:`. */
export function parseDecisions(text: string, file: string): Decision[] {
  return parseDecisionFile(text, file).decisions;
}

/** Both kinds of decision: on suspected pairs (`decisions:` or a bare list) and on bank matches (`matches:`). */
export function parseDecisionFile(text: string, file: string): { decisions: Decision[]; matches: MatchDecision[] } {
  const parsed = parseYamlDocument(text, file, TITLE);
  const raw = parsed.value;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const wrapped = z.object({ decisions: z.array(DecisionSchema).default([]), matches: z.array(MatchDecisionSchema).default([]) }).strict();
    return validateYaml(wrapped, parsed, file, { title: TITLE });
  }
  return { decisions: validateYaml(z.array(DecisionSchema), { ...parsed, value: raw ?? [] }, file, { title: TITLE }), matches: [] };
}

/** Reads both kinds of decision from the decisions file when it exists. */
export async function loadDecisionFile(file: string, shownAs: string = file): Promise<{ decisions: Decision[]; matches: MatchDecision[] }> {
  if (!existsSync(file)) return { decisions: [], matches: [] };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('DECISIONS_UNREADABLE', { file: shownAs, reason: (cause as Error).message }, { cause });
  }
  return parseDecisionFile(text, shownAs);
}
