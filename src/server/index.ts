export { buildServer, findWebDir, type ServerOptions } from "./app.js";
