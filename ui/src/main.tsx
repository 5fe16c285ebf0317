// Entry: the Django page renders <div id="fc-portal"> and the config as json_script.
import { render } from 'preact';
import { setApiRoot } from './api';
import { setPortalRoot } from './route';
import { App } from './App';
import type { PortalConfig } from './types';
import './styles.css';
import './forms.css';

const el = document.getElementById('fc-portal-config');
const config = JSON.parse(el?.textContent || '{}') as PortalConfig;
setApiRoot(config.apiRoot || '/api/v2/');
setPortalRoot(config.portalRoot || '/portal/');
const root = document.getElementById('fc-portal');
if (root) {
  root.textContent = '';
  render(<App config={config} />, root);
}
