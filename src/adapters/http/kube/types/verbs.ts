import type { Verb } from '../resource-type.ts';

export const allVerbs: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const readVerbs: Verb[] = ['get', 'list', 'watch'];
