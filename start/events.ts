/*
| Application event listeners. Modules register theirs here.
*/
export {}
