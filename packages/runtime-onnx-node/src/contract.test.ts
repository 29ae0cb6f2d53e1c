import { describeTensorRuntimeContract } from '@internal/test-utils';
import { createOnnxNodeRuntime } from './create-onnx-node-runtime.js';

describeTensorRuntimeContract('onnx-node', () => createOnnxNodeRuntime());
