/** The fields of a `basic` feed item (monzo-api.md §5.9). Colours are `#RRGGBB`. */
export interface FeedItemParams {
  title: string;
  image_url: string;
  body?: string;
  background_color?: string;
  title_color?: string;
  body_color?: string;
}

/** What `feed.create` sends: an item shown in the user's feed in the app. */
export interface FeedItemInput {
  account_id: string;
  /** Only `basic` exists. */
  type?: 'basic';
  /** Opened when the item is tapped. */
  url?: string;
  params: FeedItemParams;
}
