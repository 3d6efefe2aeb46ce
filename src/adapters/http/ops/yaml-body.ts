import { CST, isMap, isScalar, isSeq, Lexer, parseDocument, type Node } from 'yaml';

/** Keeps YAML alias bombs ("billion laughs") from expanding. */
export const MAX_YAML_ALIASES = 100;

/**
 * An estimate (from the lexer alone) of whether a YAML text nests deeper than `limit`. The yaml parser
 * slows to seconds on megabytes of nesting, so absurd documents are refused before they reach it.
 * A line indented under another continues the value its last indicator opened; each block indicator
 * (`-`, `?`, `:`) and each open flow collection adds a level.
 */
export const yamlNestingExceeds = (text: string, limit: number): boolean => {
  // Lines whose content may still hold what follows: their indentation and the level their last value sits at.
  const open: { indent: number; level: number }[] = [];
  let flow = 0;
  let lineIndent = 0;
  let lineStart = true;
  let level = 1;
  const closeLine = (): void => {
    if (!lineStart && flow === 0) open.push({ indent: lineIndent, level });
  };
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'newline' || type === 'doc-start' || type === 'doc-end') {
      closeLine();
      if (flow === 0) lineStart = true;
      lineIndent = 0;
      continue;
    }
    if (type === 'space' || type === 'comment') {
      if (lineStart && type === 'space') lineIndent = token.length;
      continue;
    }
    if (lineStart) {
      while (open.length > 0 && open[open.length - 1]!.indent >= lineIndent) open.pop();
      level = open.length > 0 ? open[open.length - 1]!.level : 1;
      lineStart = false;
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow += 1;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) level += 1;
    if (level + flow > limit) return true;
  }
  return false;
};

/**
 * One YAML document as plain JSON values (YAML 1.2 core schema); throws Error with the parser's reason.
 * The duplicate-key check is off: it is quadratic in a map's size (seconds for a few thousand keys),
 * and a repeated key then wins last, as in JSON.parse.
 */
export const parseYamlBody = (text: string): unknown => {
  // Unknown tags resolve as plain values; they are not worth a process warning per request.
  const document = parseDocument(text, { uniqueKeys: false, logLevel: 'error' });
  const [first] = document.errors;
  if (first) throw new Error(first.message);
  return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
};

const MAX_DOCUMENT_DEPTH_FOR_DUPLICATES = 100;

/**
 * Keys repeated within one mapping of a JSON or YAML document, as field paths
 * (`spec.containers[0].image`), in document order. One pass over the parsed tree with a set per
 * mapping, so it stays linear where the parser's own check is not.
 */
export const duplicateFields = (text: string): string[] => {
  const document = parseDocument(text, { uniqueKeys: false, logLevel: 'error' });
  if (document.errors.length > 0) return [];
  const found: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 2 * MAX_DOCUMENT_DEPTH_FOR_DUPLICATES) return;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const field = path === '' ? key : `${path}.${key}`;
        if (seen.has(key)) found.push(field);
        seen.add(key);
        walk(pair.value, field, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`, depth + 1));
    }
  };
  walk(document.contents, '', 0);
  return found;
};