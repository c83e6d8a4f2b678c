export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** One request to the gateway, as a client sends it; the answer's data and errors as they came. */
export async function postGraphQL<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<{ data?: T; errors?: GraphQLError[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T; errors?: GraphQLError[] };
}
