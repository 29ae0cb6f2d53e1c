import { describeTensorRuntimeContract } from '@internal/test-utils';
import { createOnnxWebRuntime } from './create-onnx-web-runtime.js';

describeTensorRuntimeContract('onnx-web', () => createOnnxWebRuntime(), { supportsPath: false });
