import { ConfuError } from '@confu/errors';
import type * as Ort from 'onnxruntime-web';
import type { OnnxWebDevice } from '../onnx-web-device.js';
import { errorMessage } from '@confu/runtime-onnx-common';

/** What {@link createSessionOnDevices} needs besides the model. */
export interface DeviceAttempt {
  readonly ort: typeof Ort;
  readonly devices: readonly OnnxWebDevice[];
  /** Devices whose backend failed to initialise, kept by the runtime so each is tried once. */
  readonly unavailable: Map<OnnxWebDevice, Error>;
}

// onnxruntime-common's message when none of the requested execution providers initialises.
const backendUnavailable = /^no available backend found/;

/**
 * Creates a session on the first device that works, one execution provider at a time (a list
 * would make onnxruntime drop failing providers silently, with a console warning).
 * @throws ConfuError `RUNTIME_UNAVAILABLE` when no device's backend initialises, with an
 * `AggregateError` of the per-device failures as `cause`; `MODEL_LOAD_FAILED` when a backend
 * initialised but could not create the session (with the failures as `cause`).
 */
export async function createSessionOnDevices(
  { ort, devices, unavailable }: DeviceAttempt,
  model: Uint8Array,
  options: Ort.InferenceSession.SessionOptions,
): Promise<Ort.InferenceSession> {
  const failures: Error[] = [];
  let loadFailed = false;
  for (const device of devices) {
    const known = unavailable.get(device);
    if (known) {
      failures.push(known);
      continue;
    }
    try {
      return await ort.InferenceSession.create(model, { ...options, executionProviders: [device] });
    } catch (cause) {
      const failure = new Error(`\`${device}\`: ${errorMessage(cause)}`, { cause });
      failures.push(failure);
      if (backendUnavailable.test(errorMessage(cause))) unavailable.set(device, failure);
      else loadFailed = true;
    }
  }
  const list = devices.map((device) => `\`${device}\``).join(', ');
  if (loadFailed) {
    const cause =
      failures.length === 1
        ? failures[0]
        : new AggregateError(failures, `model load failed on ${list}`);
    throw new ConfuError(
      'MODEL_LOAD_FAILED',
      `onnxruntime-web could not load the model: ${failures.map((failure) => failure.message).join('; ')}`,
      { cause },
    );
  }
  throw new ConfuError(
    'RUNTIME_UNAVAILABLE',
    `no onnxruntime-web device could be initialised (tried ${list}): ${failures.map((failure) => failure.message).join('; ')}. ` +
      "Pass `devices: ['wasm']` to skip WebGPU, or check `wasmPaths`",
    {
      cause: new AggregateError(
        failures,
        `no onnxruntime-web device could be initialised (tried ${list})`,
      ),
    },
  );
}
