/** Database plumbing for the benchmarks: the app's mongoose connection on a database of their own. */
import mongoose from 'mongoose';
import { connectMongoose, disconnectMongoose } from '../../src/db/connection.js';
import { PilotModel } from '../../src/features/pilots/pilot.model.js';
import { PlanItemModel, ReviewModel } from '../../src/features/reviews/review.model.js';
import type { BenchContext } from './report.js';

/** Connects as the app does and builds every registered model's indexes (as startServer does). */
export async function connectBenchDb(ctx: BenchContext): Promise<void> {
  await connectMongoose(ctx.mongoUri, ctx.dbName);
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
}

/** A fresh database: seeding twice (BENCH_MONGODB_URI reused) must not hit unique indexes. */
export async function resetBenchDb(ctx: BenchContext): Promise<void> {
  await connectMongoose(ctx.mongoUri, ctx.dbName);
  await mongoose.connection.dropDatabase();
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
}

export async function closeBenchDb(): Promise<void> {
  await disconnectMongoose();
}

/** The baseline for database-bound benchmarks: read the same collections plainly, nothing else. */
export async function plainRead(
  collections: Array<{ model: mongoose.Model<unknown>; filter: Record<string, unknown> }>,
): Promise<number> {
  let docs = 0;
  for (const { model, filter } of collections) docs += (await model.find(filter).lean()).length;
  return docs;
}

/** The app's models, typed loosely the way the repositories use them. */
export const Pilots = PilotModel as mongoose.Model<unknown>;
export const Reviews = ReviewModel as mongoose.Model<unknown>;
export const PlanItems = PlanItemModel as mongoose.Model<unknown>;
