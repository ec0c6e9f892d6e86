// The check behind "no Japanese entry contains an English sentence": a run of three or more plain
// English words, outside `code spans` and identifiers, means a phrase was left untranslated.

// Product and feature names Microsoft's Japanese documentation itself leaves in English.
const PROPER_NAMES = ['Windows Hello for Business'];

/** A plain word: lower case, or capitalised once (Allow, Business). Identifiers (User.Read, MFA, prompt=none, x5t) are not. */
function isPlainWord(token: string): boolean {
  return /^[A-Z]?[a-z]+(?:['’-][a-z]+)*$/.test(token);
}

/** Every run of three or more plain English words in the text, after code spans and proper names are removed. */
export function englishRuns(text: string): string[] {
  let rest = text.replace(/`[^`]*`/g, ' ');
  for (const name of PROPER_NAMES) rest = rest.split(name).join(' ');
  const runs: string[] = [];
  // ASCII stretches only: any Japanese character ends a run.
  for (const stretch of rest.split(/[^\x20-\x7e]+/)) {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length >= 3) runs.push(run.join(' '));
      run = [];
    };
    for (const raw of stretch.split(' ')) {
      if (raw === '') continue;
      const token = raw.replace(/^[("'[]+|[)"',.:;!?\]]+$/g, '');
      // Punctuation that ends a clause also ends a run: "(Entra ID), and" is two runs.
      const breaksAfter = /[,.:;!?)]$/.test(raw);
      if (isPlainWord(token)) run.push(token);
      else flush();
      if (breaksAfter) flush();
    }
    flush();
  }
  return runs;
}
