import { defineConfig } from 'vite';
import { hubSettingsFromEnvironment } from './vite/hub-csp-plugin.js';
import { createWebConfig } from './vite/web-config.js';

// The hub (CSP connect-src and hub-id loading): CONFU_HUB_ENDPOINT, default https://huggingface.co.
export default defineConfig(createWebConfig(hubSettingsFromEnvironment(process.env)));
