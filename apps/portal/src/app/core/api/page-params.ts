import { HttpParams } from '@angular/common/http';

/** `?limit=…&cursor=…` of every cursor-paginated list of the API. */
export function pageParams(cursor: string | null | undefined, limit: number): HttpParams {
  let params = new HttpParams().set('limit', limit);
  if (cursor) params = params.set('cursor', cursor);
  return params;
}
