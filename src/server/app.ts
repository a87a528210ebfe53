import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { AppError, defaultEffects, type Effects, formatPath, toAppError } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import type { Api } from "./api.js";
import { registerA3Routes } from "./routes/a3.routes.js";
import { registerDatasetRoutes } from "./routes/datasets.routes.js";
import { registerExperimentRoutes } from "./routes/experiments.routes.js";
import { registerInitiativeRoutes } from "./routes/initiatives.routes.js";
import { registerKpiRoutes } from "./routes/kpis.routes.js";
import { registerLogRoutes } from "./routes/logs.routes.js";
import { registerMiningRoutes } from "./routes/mining.routes.js";
import { registerPlanningRoutes } from "./routes/planning.routes.js";
import { registerSuggestionRoutes } from "./routes/suggestions.routes.js";
import { registerTwinRoutes } from "./routes/twin.routes.js";
import { registerTwinCalibrationRoutes } from "./routes/twin-calibration.routes.js";
import { registerWorkspaceRoutes } from "./routes/workspace.routes.js";

export interface ServerOptions {
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
  /** Folder with the built dashboard; found next to the package when left out. */
  webDir?: string;
  logger?: boolean;
  effects?: Effects;
}

/** The folder of the built dashboard: dist/web in the package. */
export function findWebDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "dist", "web");
    if (existsSync(join(candidate, "index.html"))) return candidate;
    const sibling = join(dir, "web");
    if (existsSync(join(sibling, "index.html")) && dir.endsWith("dist")) return sibling;
    dir = dirname(dir);
  }
  return undefined;
}

/** Builds the HTTP server: the API under /api, its OpenAPI docs at /api/docs, the dashboard at /. */
export async function buildServer(
  workspace: Workspace,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1 << 20,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: {
        title: "opsloop API",
        description: "Measure, watch and improve a small business from its own data.",
        version: "0.1.0",
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  await app.register(multipart, {
    limits: { fileSize: options.maxUploadBytes ?? 2 * 1024 ** 3, files: 1, fields: 20, fieldSize: 10_000 },
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((v) => ({
        field: formatPath(v.instancePath.split("/").filter(Boolean)),
        message: `${v.instancePath.split("/").filter(Boolean).join(".") || error.validationContext || "request"}: ${v.message ?? "invalid"}`,
      }));
      const message = `Invalid ${error.validationContext ?? "request"}: ${problems.map((p) => p.message).join("; ")}`;
      return reply.status(400).send({ error: { code: "INVALID_REQUEST", message, details: { problems } } });
    }
    if (error.code === "FST_REQ_FILE_TOO_LARGE" || error.statusCode === 413) {
      const appError = new AppError(
        "PAYLOAD_TOO_LARGE",
        `The upload is larger than the server accepts (${options.maxUploadBytes ?? 2 * 1024 ** 3} bytes).`,
      );
      return reply.status(appError.httpStatus).send({ error: appError.toJSON() });
    }
    if (
      error.statusCode &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      !(error instanceof AppError)
    ) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: "INVALID_REQUEST", message: error.message, details: {} } });
    }
    const appError = toAppError(error);
    if (appError.httpStatus >= 500) app.log.error(error);
    return reply.status(appError.httpStatus).send({ error: appError.toJSON() });
  });

  const effects = options.effects ?? defaultEffects;
  await app.register(
    async (api) => {
      registerWorkspaceRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerDatasetRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      registerLogRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerMiningRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerPlanningRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerTwinCalibrationRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerTwinRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace);
      registerKpiRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      registerExperimentRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      registerInitiativeRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      registerSuggestionRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      registerA3Routes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects);
      api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
      api.all("/*", { schema: { hide: true } }, async (request) => {
        throw new AppError("NOT_FOUND", `No API route ${request.method} ${request.url}; see /api/docs.`);
      });
    },
    { prefix: "/api" },
  );

  const webDir = options.webDir ?? findWebDir();
  if (webDir) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      // Pages of the dashboard are routed in the browser; a missing file (an old asset) is a plain 404.
      const path = request.url.split("?")[0] ?? "";
      if (request.method === "GET" && !path.startsWith("/api/") && !/\.[a-z0-9]+$/i.test(path)) {
        return reply.sendFile("index.html");
      }
      return reply.status(404).send({
        error: { code: "NOT_FOUND", message: `No route ${request.method} ${request.url}`, details: {} },
      });
    });
  } else {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/plain")
        .send("The dashboard is not built; run `npm run build`. The API is at /api/docs.\n"),
    );
  }
  return app;
}
