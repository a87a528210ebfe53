import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard lives in web/ and is served by `opsloop serve` from dist/web.
// During development `vite --config web/vite.config.ts` proxies the API to a running server.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    // ECharts is most of the bundle and changes less often than the pages: its own file caches longer.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": "http://localhost:4310",
    },
  },
});
