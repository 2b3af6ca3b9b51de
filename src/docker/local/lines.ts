// Turns a child process's stdout and stderr into one ordered stream of lines, as they come.
export interface OutputLine {
  stream: "stdout" | "stderr";
  line: string;
}

async function pump(stream: ReadableStream<Uint8Array>, name: OutputLine["stream"], push: (l: OutputLine) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split(/\r?\n|\r(?!\n)/);
    rest = parts.pop() ?? "";
    for (const line of parts) push({ stream: name, line });
  }
  rest += decoder.decode();
  if (rest) push({ stream: name, line: rest });
}

/** Yields lines from both pipes until both close. */
export async function* mergeLines(stdout: ReadableStream<Uint8Array>, stderr: ReadableStream<Uint8Array>): AsyncIterable<OutputLine> {
  const queue: OutputLine[] = [];
  let wake: (() => void) | undefined;
  let open = 2;
  let failure: unknown;
  const push = (l: OutputLine) => {
    queue.push(l);
    wake?.();
  };
  const done = (err?: unknown) => {
    open--;
    if (err) failure = err;
    wake?.();
  };
  pump(stdout, "stdout", push).then(() => done(), done);
  pump(stderr, "stderr", push).then(() => done(), done);
  while (open > 0 || queue.length > 0) {
    if (queue.length === 0) {
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
      continue;
    }
    yield queue.shift()!;
  }
  if (failure) throw failure;
}
