import { Router, type Request, type Response } from 'express';
import type { Hypervisor } from '../../application/ports/hypervisor.port.ts';
import { SimulatedFleet } from '../hypervisor/simulated-fleet.ts';
import { StatusError, successStatus, type KubeStatus } from './kube/status.ts';

const sendError = (res: Response, error: StatusError): void => {
  res.status(error.code).json(error.toStatus());
};

const simulatedFleetOf = (hypervisor: Hypervisor, name: string): SimulatedFleet => {
  if (!(hypervisor instanceof SimulatedFleet)) throw new StatusError('ServiceUnavailable', 'failure injection needs the simulated fleet; this server runs a real hypervisor');
  if (!hypervisor.hasHost(name)) throw new StatusError('NotFound', `nodes "${name}" not found in the simulated fleet`, { name, kind: 'nodes' });
  return hypervisor;
};

const success = (name: string, message: string): KubeStatus => ({ ...successStatus({ name, kind: 'nodes' }), message });

/**
 * Failure injection on the simulated fleet, for `pacific sim` and tests:
 * POST /admin/sim/hosts/NAME/fail and POST /admin/sim/hosts/NAME/recover. Answers a Status.
 */
export const adminSimRouter = (hypervisor: Hypervisor): Router => {
  const router = Router();
  const handle = (act: (fleet: SimulatedFleet, name: string) => string) => (req: Request, res: Response) => {
    const name = String(req.params.name);
    try {
      res.json(success(name, act(simulatedFleetOf(hypervisor, name), name)));
    } catch (error) {
      if (error instanceof StatusError) sendError(res, error);
      else sendError(res, new StatusError('InternalError', error instanceof Error ? error.message : String(error)));
    }
  };
  router.post(
    '/admin/sim/hosts/:name/fail',
    handle((fleet, name) => {
      if (!fleet.isHealthy(name)) return `host ${name} was already down`;
      const lost = fleet.failHost(name);
      return `host ${name} stopped answering; ${lost.length} running VM(s) and pod VM(s) on it were lost. Pacific marks it NotReady once the heartbeat grace period passes, then restarts its workloads on healthy hosts.`;
    }),
  );
  router.post(
    '/admin/sim/hosts/:name/recover',
    handle((fleet, name) => {
      if (fleet.isHealthy(name)) return `host ${name} was already up`;
      fleet.recoverHost(name);
      return `host ${name} answers again (empty); Pacific marks it Ready at its next health check.`;
    }),
  );
  return router;
};
