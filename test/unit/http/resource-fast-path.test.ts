import { describe, expect, it } from 'vitest';
import { isKubeResourcePath } from '../../../src/adapters/http/ops/resource-fast-path.ts';

describe('isKubeResourcePath', () => {
  it.each([
    '/api/v1/namespaces',
    '/api/v1/namespaces/shop/pods',
    '/api/v1/namespaces/shop/pods/web-1?timeout=5s',
    '/api/v1/pods?watch=true',
    '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines',
    '/apis/run.tanzu.vmware.com/v1alpha3/tanzukubernetesclusters',
  ])('takes %s', (url) => expect(isKubeResourcePath(url)).toBe(true));

  it.each([
    '/api',
    '/api/v1',
    '/api/v1/',
    '/apis',
    '/apis/vmoperator.vmware.com',
    '/apis/vmoperator.vmware.com/v1alpha3',
    '/apis/vmoperator.vmware.com/v1alpha3?x=/a/b',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    '/openapi/v3/api/v1',
    '/admin/tokens',
    '/ui/index.html',
    '/livez',
  ])('leaves %s to the router', (url) => expect(isKubeResourcePath(url)).toBe(false));
});
