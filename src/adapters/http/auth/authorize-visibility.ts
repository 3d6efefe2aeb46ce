import type { Request } from 'express';
import type { KubeObject } from '../kube/kube-object.ts';

/** The objects a list or watch may show, for requests allowed only per namespace. */
export type Visibility = (object: KubeObject) => boolean;

const visibility = new WeakMap<Request, Visibility>();

export const restrictVisibility = (req: Request, visible: Visibility): void => {
  visibility.set(req, visible);
};

/** For the API server: what this request's lists and watches may show; undefined when everything. */
export const visibleTo = (req: Request): Visibility | undefined => visibility.get(req);
