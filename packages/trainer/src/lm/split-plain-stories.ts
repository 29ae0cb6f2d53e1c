/**
 * Splits plain text holding one story after another, TinyStories style: paragraphs of a story are
 * separated by one blank line, stories by a single line break (a line that directly follows
 * another) or by three or more blank lines. Returns the trimmed stories, empty ones dropped.
 * (`tinystories_train.txt` splits into exactly its 992 stories this way.)
 */
export function splitPlainStories(text: string): string[] {
  const stories: string[] = [];
  let current: string[] = [];
  let blankRun = 0;
  const flush = (): void => {
    const story = current.join('\n').trim();
    if (story !== '') stories.push(story);
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      blankRun++;
      if (current.length > 0) current.push('');
      continue;
    }
    if (current.length > 0 && (blankRun === 0 || blankRun >= 3)) flush();
    current.push(line);
    blankRun = 0;
  }
  flush();
  return stories;
}
