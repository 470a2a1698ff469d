import { loginPage } from './login.page.js';

describe('loginPage', () => {
  it('escapes everything it shows, and encodes the uid in the form actions', () => {
    const page = loginPage({ uid: 'a"b/<c>', authorityName: '<GloboTicket>', clientName: '"><script>x</script>', username: "o'neil\"><img>", error: '<b>bad</b>' });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img>');
    expect(page).not.toContain('<b>bad</b>');
    expect(page).toContain('&lt;GloboTicket&gt;');
    expect(page).toContain('action="/interaction/a%22b%2F%3Cc%3E/login"');
    expect(page).toContain('value="o&#39;neil&quot;&gt;&lt;img&gt;"');
    expect(page).toContain('role="alert">&lt;b&gt;bad&lt;/b&gt;</p>');
  });

  it('has no script and nothing from another origin', () => {
    const page = loginPage({ uid: 'u', authorityName: 'GloboTicket', clientName: 'web' });
    expect(page).not.toMatch(/<script|<link|@import|https?:\/\//);
  });
});
