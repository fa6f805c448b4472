/** A short, tag-free excerpt of an unexpected answer (a gateway's HTML page), safe to put in a message. */
export function htmlSnippet(body: unknown, max = 120): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	return text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, max);
}

