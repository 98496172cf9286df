import type { TestProject } from "vitest/node";
import { startCluster, type Cluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let cluster: Cluster | undefined;

/** Every integration test runs on PGlite and on a real PostgreSQL that this starts. */
export async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("postgresUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  cluster = await startCluster();
  project.provide("postgresUrl", cluster.url);
}

export async function teardown() {
  cluster?.stop();
}
