import './styles.css';
import { render } from 'preact';
import { Root } from './app';

const mount = document.getElementById('app');
if (mount) {
  mount.textContent = '';
  render(<Root />, mount);
}
