import { Router } from 'express';
import { StatusError } from '../kube/status.ts';
import { requestUser } from './request-user.ts';

/**
 * POST /apis/authentication.k8s.io/v1/selfsubjectreviews: who the server thinks the caller is
 * (`kubectl auth whoami`).
 */
export const selfSubjectReviewRouter = (): Router => {
  const router = Router();
  router.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', (req, res) => {
    const user = requestUser(req);
    if (!user) throw new StatusError('Unauthorized', 'Unauthorized');
    res.status(201).json({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: user.name, groups: user.groups } },
    });
  });
  return router;
};
