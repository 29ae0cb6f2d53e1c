/** The Cache Storage cache the worker keeps hub files in and the page lists and forgets them from. */
export const modelCacheName = 'confu-models';
