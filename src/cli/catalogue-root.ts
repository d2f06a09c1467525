// The composition root: the one module under src/ that imports properties/ (test/layering.test.ts
// enforces it). The property modules sit beside the claims layer and import src/; everything else in
// src/ receives the catalogue from here (the CLI commands import it, the campaign takes it as a
// parameter, its worker threads import this module by the URL it carries), so dependencies point one way.
import { CATALOGUE as PARTS } from '../../properties/catalogue.js';
import type { CampaignCatalogue } from '../campaign/campaign.js';

/** Every claim part the campaign runs, and where a worker thread finds the same list (this module). */
export const CATALOGUE: CampaignCatalogue = { entries: PARTS, module: import.meta.url };
