import { mountPage } from '../../components/mount-page';
import { App } from './App';

mountPage(App, 'sidepanel.html');
