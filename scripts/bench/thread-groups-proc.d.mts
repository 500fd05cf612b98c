/** user + system seconds of each thread alive now, in the order they were created (thread ids rise). */
export function ownThreadsCpu(): Array<{ tid: number; name: string; seconds: number }>;
