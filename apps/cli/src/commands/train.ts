export const trainUsage = `confu train --method eagle3 ...`;
export async function runTrain(_argv: string[], _signal: AbortSignal): Promise<void> {}
