/** Vite settings shared by the Custom UI apps: relative asset paths and output to `<app>/build`. */
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

export function customUiConfig(appDir: string): UserConfig {
  return defineConfig({
    root: appDir,
    base: './',
    plugins: [react()],
    build: {
      outDir: 'build',
      emptyOutDir: true,
      sourcemap: false,
      chunkSizeWarningLimit: 900,
    },
  });
}
