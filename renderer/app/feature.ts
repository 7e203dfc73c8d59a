import type { ComponentType } from 'react';
import type { IconName } from './icons.js';

/** One entry of the navigation: a page of the app. */
export interface Feature {
  /** Route id (#/<id>) and test id suffix. */
  id: string;
  label: string;
  icon: IconName;
  Page: ComponentType;
}

/** A page reached from another page and by its route (#/<id>), not listed in the navigation: its parent is shown as current. */
export interface SubPage {
  id: string;
  parentId: string;
  Page: ComponentType;
}
