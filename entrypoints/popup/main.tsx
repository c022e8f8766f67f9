import { mountPage } from '../../components/mount-page';
import { App } from './App';
import './style.css';

mountPage(App, 'popup.html');
