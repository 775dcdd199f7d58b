import MarkdownIt from 'markdown-it';
const md = new MarkdownIt({ typographer: true });
console.log(md.render('Undo: icacls \\"C:\\ProgramData\\RSA\\" /restore x and computer\\\'s `a "b"`'));
