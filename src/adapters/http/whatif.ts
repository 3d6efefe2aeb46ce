import { Router } from 'express';
import type { Inventory } from '../../application/inventory/inventory.ts';
import { schedulerFor } from '../../application/scheduler/scheduler.ts';
import { whatIfHostFails } from '../../application/scheduler/what-if.ts';
import { StatusError } from './kube/status.ts';

/**
 * GET /admin/whatif/fail-host/:name — which workloads would find no room elsewhere if that host
 * failed now, answered from the projection alone (nothing is changed, nothing is asked of the fleet).
 */
export const whatIfRouter = (inventory: Inventory): Router => {
  const router = Router();
  router.get('/admin/whatif/fail-host/:name', (req, res) => {
    const name = req.params.name;
    const answer = whatIfHostFails(schedulerFor(inventory), inventory, name);
    if (!answer) {
      const error = new StatusError('NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' });
      res.status(error.code).json(error.toStatus());
      return;
    }
    res.json(answer);
  });
  return router;
};
