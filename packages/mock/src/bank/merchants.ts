import { SALT, seededId } from './ids.js';

/**
 * The catalogue, one merchant a line: name | card statement line (padded as Mastercard sends it) | category |
 * MCC | website | street | city | region | country | postcode | latitude | longitude | amount range in
 * pence | flags (`online`, `atm`). Online merchants have no street address (`GLO`), as observed.
 */
const TABLE = `
Pret A Manger|PRET A MANGER        LONDON        GBR|eating_out|5814|pret.co.uk|1 Chancery Lane|London|Greater London|GB|WC2A 1LF|51.5154|-0.1116|250-1200|
Tesco|TESCO STORES 3012     LONDON        GBR|groceries|5411|tesco.com|22 Liverpool Street|London|Greater London|GB|EC2M 7PP|51.5178|-0.0817|300-8500|
Sainsbury's|SAINSBURYS S/MKTS     LONDON        GBR|groceries|5411|sainsburys.co.uk|62 Holborn Viaduct|London|Greater London|GB|EC1A 2FD|51.5175|-0.1053|400-9000|
Transport for London|TFL TRAVEL CH         TFL.GOV.UK/CP GBR|transport|4111|tfl.gov.uk|55 Broadway|London|Greater London|GB|SW1H 0BD|51.4994|-0.1335|170-1450|
Uber|UBER *TRIP            HELP.UBER.COM NLD|transport|4121|uber.com||||GLO||51.0|5.1|600-3500|online
Amazon|AMAZON.CO.UK*AB12CD34E AMAZON.CO.UK  GBR|shopping|5942|amazon.co.uk||||GLO||51.0|5.1|500-12000|online
Netflix|NETFLIX.COM           AMSTERDAM     NLD|entertainment|4899|netflix.com||||GLO||51.0|5.1|599-1799|online
Spotify|Spotify P1234567      Stockholm     SWE|entertainment|5815|spotify.com||||GLO||51.0|5.1|1099-1799|online
Costa Coffee|COSTA COFFEE 43021    LONDON        GBR|eating_out|5814|costa.co.uk|12 Moorgate|London|Greater London|GB|EC2R 6DA|51.5152|-0.0905|250-900|
Dishoom|DISHOOM SHOREDITCH    LONDON        GBR|eating_out|5812|dishoom.com|7 Boundary Street|London|Greater London|GB|E2 7JE|51.5245|-0.0768|1800-7500|
Boots|BOOTS 1141            LONDON        GBR|shopping|5912|boots.com|127 Cheapside|London|Greater London|GB|EC2V 6BT|51.5142|-0.0935|300-4000|
Thames Water|THAMES WATER          READING       GBR|bills|4900|thameswater.co.uk|Clearwater Court|Reading|Berkshire|GB|RG1 8DB|51.4545|-0.9781|2500-4500|
Octopus Energy|OCTOPUS ENERGY        LONDON        GBR|bills|4900|octopus.energy|33 Holborn|London|Greater London|GB|EC1N 2HT|51.518|-0.1082|4000-14000|
Trainline|TRAINLINE.COM         LONDON        GBR|transport|4112|thetrainline.com||||GLO||51.0|5.1|900-12000|online
easyJet|EASYJET 000ABC123     LUTON         GBR|holidays|3245|easyjet.com|Hangar 89|Luton|Bedfordshire|GB|LU2 9PF|51.8763|-0.3717|3000-25000|
Deliveroo|DELIVEROO             LONDON        GBR|eating_out|5812|deliveroo.co.uk||||GLO||51.0|5.1|1200-4500|online
Pure Gym|PUREGYM               LEEDS         GBR|entertainment|7997|puregym.com|Town Centre House|Leeds|West Yorkshire|GB|LS1 5DL|53.7997|-1.5492|1999-3499|
Waterstones|WATERSTONES 201       LONDON        GBR|shopping|5942|waterstones.com|203 Piccadilly|London|Greater London|GB|W1J 9HD|51.5093|-0.1355|799-3500|
Odeon|ODEON CINEMAS         LONDON        GBR|entertainment|7832|odeon.co.uk|Leicester Square|London|Greater London|GB|WC2H 7LQ|51.5103|-0.1301|1100-3200|
Cash machine|LINK ATM              LONDON        GBR|cash|6011|link.co.uk|1 Poultry|London|Greater London|GB|EC2R 8EJ|51.5135|-0.0906|1000-10000|atm
The De Beauvoir Deli Co.|DE BEAUVOIR DELI      LONDON        GBR|eating_out|5499|debeauvoirdeli.co.uk|98 Southgate Road|London|Greater London|GB|N1 3JD|51.54151|-0.08482|300-2500|
Apple|APPLE.COM/BILL        ITUNES.COM    IRL|entertainment|5818|apple.com||||GLO||51.0|5.1|79-2999|online
`;

/**
 * The merchants' emoji, line by line, kept out of the table: a string cut from one holding an emoji is stored
 * two bytes a character by V8, and so is every JSON text it goes into, which halves the speed of writing a page.
 */
const EMOJI = [
  '🥪',
  '🛒',
  '🛒',
  '🚇',
  '🚕',
  '📦',
  '🎬',
  '🎵',
  '☕',
  '🍛',
  '💊',
  '💧',
  '⚡',
  '🚆',
  '✈️',
  '🛵',
  '🏋️',
  '📚',
  '🍿',
  '💵',
  '🍞',
  '🍎',
];

/** A merchant as `expand[]=merchant` returns it, plus what the generator needs to make a payment there. */
export interface CatalogueMerchant {
  /** The expanded merchant object, every observed field present (monzo-api.md §6.5). */
  json: Record<string, unknown> & { id: string; category: string };
  descriptor: string;
  mcc: string;
  min: number;
  max: number;
}

/** When the catalogue's merchants were "first seen": fixed, so that merchants do not move with the clock. */
const MERCHANTS_CREATED = Date.UTC(2016, 0, 8, 0, 20, 13, 969);

/** The merchant catalogue for a seed: the same names everywhere, ids that differ by seed. */
export function buildMerchants(seed: number): CatalogueMerchant[] {
  const lines = TABLE.trim().split('\n');
  return lines.map((line, index) => {
    const [name = '', descriptor = '', category = '', mcc = '', website = '', ...place] = line.split('|');
    const [
      street = '',
      city = '',
      region = '',
      country = '',
      postcode = '',
      lat = '',
      lng = '',
      range = '',
      flags = '',
    ] = place;
    const [min = 0, max = 0] = range.split('-').map(Number);
    const online = flags === 'online';
    const id = seededId('merch', seed, SALT.merchant, index);
    const created = new Date(MERCHANTS_CREATED + index * 86_400_000).toISOString();
    return {
      descriptor,
      mcc,
      min,
      max,
      json: {
        id,
        group_id: seededId('grp', seed, SALT.merchantGroup, index),
        created,
        name,
        logo: `https://mondo-logo-cache.appspot.com/twitter/${website}/?size=large`,
        emoji: EMOJI[index] ?? '',
        category,
        online,
        atm: flags === 'atm',
        address: {
          short_formatted: online ? 'Somewhere in the world' : `${street}, ${city}`,
          formatted: online ? 'world' : `${street}, ${city} ${postcode}`,
          address: street,
          city,
          region,
          country,
          postcode,
          latitude: Number(lat),
          longitude: Number(lng),
          zoom_level: online ? 5 : 17,
          approximate: online,
        },
        updated: created,
        metadata: {
          created_for_merchant: id,
          provider: 'user',
          provider_id: '',
          suggested_tags: `#${category}`,
          website,
        },
        disable_feedback: false,
      },
    };
  });
}
