import type { Command } from '../shared/decider.ts';
import type { Document } from './events.ts';

interface Ref {
  namespace: string | null;
  name: string;
}

export type CreateCatalogItem = Command<
  'CreateCatalogItem',
  Ref & { uid: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; spec: Document; status?: Document }
>;
/** Replaces metadata and spec as given; generation moves only when the spec changes. */
export type ChangeCatalogItem = Command<
  'ChangeCatalogItem',
  Ref & { labels: Record<string, string>; annotations: Record<string, string>; finalizers: string[]; spec: Document }
>;
export type ChangeCatalogItemStatus = Command<'ChangeCatalogItemStatus', Ref & { status: Document }>;
/** Deletes at once unless finalizers hold the object, which then waits for them to be removed. */
export type DeleteCatalogItem = Command<'DeleteCatalogItem', Ref>;

export type CatalogCommand = CreateCatalogItem | ChangeCatalogItem | ChangeCatalogItemStatus | DeleteCatalogItem;
